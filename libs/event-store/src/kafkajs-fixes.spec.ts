describe('the kafkajs fixes', () => {
  it('are in place in the kafkajs that require("kafkajs") loads once the event store is loaded', async () => {
    const store = await import('./index');
    expect(store.kafkajsFixesApplied()).toBe(true);
  });
});
