module.exports = require('../../jest.shared').e2e(__dirname, 'saga-e2e');
