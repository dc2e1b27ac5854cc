import { Alert, Card, Col, Row, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../lib/errors.ts';
import { useTodo } from './api.ts';
import { TodoEmpty, TodoGroupCard } from './TodoList.tsx';

/** The home page's to-do panel: the first few items of each group, with a link to the full to-do page. */
export function TodoPanel() {
  const { t } = useTranslation();
  const todo = useTodo(5);
  return (
    <Card title={t('todo.panelTitle')} extra={<Link to="/todo">{t('todo.viewAll')}</Link>} data-testid="todo-panel">
      {todo.isPending ? <Skeleton active /> : todo.isError ? <Alert type="error" showIcon title={t('todo.failed')} description={errorMessage(todo.error)} />
        : todo.data.length === 0 ? <TodoEmpty /> : (
          <Row gutter={[12, 12]}>
            {todo.data.map((g) => <Col key={g.key} xs={24} lg={12}><TodoGroupCard group={g} moreLink="/todo" /></Col>)}
          </Row>
        )}
    </Card>
  );
}
