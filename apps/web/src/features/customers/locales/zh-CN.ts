/** Chinese strings of the customers feature (merged into the app's messages under the key 'customers'). */
const messages = {
  title: '客户', singular: '客户',
  grade: { A: '重点', B: '普通', C: '非优先' },
  locked: '已锁定',
};

export default messages;
