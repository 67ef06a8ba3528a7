module.exports = require('../../jest.shared').unit(__dirname, 'service-kit');
