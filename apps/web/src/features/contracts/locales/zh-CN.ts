const messages = {
  title: '合同',
};

export default messages;
