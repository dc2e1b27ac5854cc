import { Alert, Flex, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useTodo } from './api.ts';
import { TodoEmpty, TodoGroupCard } from './TodoList.tsx';

/** /todo: everything waiting for the user, group by group (up to 50 items each, the server's limit). */
export default function TodoPage() {
  const { t } = useTranslation();
  const todo = useTodo(50);
  return (
    <>
      <PageHeader title={t('todo.title')} description={t('todo.pageHint')} />
      {todo.isPending ? <Skeleton active /> : todo.isError ? <Alert type="error" showIcon title={errorMessage(todo.error)} />
        : todo.data.length === 0 ? <TodoEmpty /> : (
          <Flex vertical gap={12}>{todo.data.map((g) => <TodoGroupCard key={g.key} group={g} />)}</Flex>
        )}
    </>
  );
}
