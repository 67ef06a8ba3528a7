module.exports = require('../../jest.shared').unit(__dirname, 'repairs');
