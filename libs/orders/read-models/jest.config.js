module.exports = require('../../../jest.shared').unit(__dirname, 'orders-read-models');
