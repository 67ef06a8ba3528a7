module.exports = require('../../../jest.shared').unit(__dirname, 'payments-read-models');
