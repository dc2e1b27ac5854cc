const messages = {
  title: '打印模板',
};

export default messages;
