const messages = {
  title: '回款',
};

export default messages;
