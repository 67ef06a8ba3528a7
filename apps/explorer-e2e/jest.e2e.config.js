module.exports = require('../../jest.shared').e2e(__dirname, 'explorer-e2e');
