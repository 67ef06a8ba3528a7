module.exports = require('../../../jest.shared').unit(__dirname, 'orders-domain');
