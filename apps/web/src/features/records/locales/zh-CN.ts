/** Chinese strings of the records feature (merged into the app's messages under the key 'records'). */
const messages = {
};

export default messages;
