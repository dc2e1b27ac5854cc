const messages = {
  title: '审批',
};

export default messages;
