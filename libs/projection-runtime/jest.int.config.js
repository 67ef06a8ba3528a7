module.exports = require('../../jest.shared').integration(__dirname, 'projection-runtime');
