module.exports = require('../../jest.shared').integration(__dirname, 'service-kit');
