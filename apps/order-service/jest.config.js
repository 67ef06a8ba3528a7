module.exports = require('../../jest.shared').unit(__dirname, 'order-service');
