module.exports = require('../../jest.shared').unit(__dirname, 'repair');
