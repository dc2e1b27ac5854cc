const messages = {
  title: '报价',
};

export default messages;
