module.exports = require('../../jest.shared').unit(__dirname, 'dev-stack');
