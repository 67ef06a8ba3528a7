export { accept, refuse, fold, type Decider, type Decision, type DomainCommand, type DomainEvent, type DomainEventOf, type DomainCommandOf, type Refusal } from './decider';
