/** Chinese strings of this feature (merged into the app's messages under the key 'todo'). */
const messages = {
  title: '待办',
  panelTitle: '我的待办', viewAll: '查看全部', more: '还有 {{count}} 项', empty: '暂时没有待办，做得好！',
  urgent: '紧急', due: '截止 {{at}}', failed: '待办加载失败', pageHint: '需要你处理的事情，按紧急程度排列。',
};

export default messages;
