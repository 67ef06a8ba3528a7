export { accept, refuse, fold, type Decider, type Decision, type DomainCommand, type DomainEvent, type Refusal } from './decider';
