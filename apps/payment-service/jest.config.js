module.exports = require('../../jest.shared').unit(__dirname, 'payment-service');
