module.exports = require('../../jest.shared').unit(__dirname, 'projection-runtime');
