module.exports = require('../../jest.shared').unit(__dirname, 'dead-letters');
