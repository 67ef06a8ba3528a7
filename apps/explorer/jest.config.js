module.exports = require('../../jest.shared').unit(__dirname, 'explorer');
