module.exports = require('../../../jest.shared').unit(__dirname, 'shipping-read-models');
