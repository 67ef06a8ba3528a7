module.exports = require('../../jest.shared').unit(__dirname, 'event-store');
