const messages = {
  title: '商机',
};

export default messages;
