module.exports = require('../../jest.shared').integration(__dirname, 'deploy');
