import 'reflect-metadata';
import { runService } from '@rewind/service-kit';
import { queryApiConfig } from './config';
import { startQueryApi } from './query-api';

runService(() => startQueryApi(queryApiConfig()));
