module.exports = require('../../jest.shared').unit(__dirname, 'shipping-service');
