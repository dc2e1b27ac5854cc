const messages = {
  title: '产品',
};

export default messages;
