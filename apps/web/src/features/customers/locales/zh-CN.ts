/** Chinese strings of the customers feature (merged into the app's messages under the key 'customers'). */
const messages = {
};

export default messages;
