/** Imports every type file (each registers its type and root fields) and builds the schema once. */
import { builder } from './builder';
import './types/scalars';
import './types/article';
import './types/author';
import './types/section';
import './types/country';
import './types/deal';
import './types/equipment';

builder.queryType({ description: 'The news graph: articles and the countries, deals and equipment they report.' });

export const schema = builder.toSchema({ sortSchema: true });
