/**
 * Drizzle relations (v2): every link of the news graph, as the query planner
 * of @pothos/plugin-drizzle walks them. Many-to-many links go `through` their
 * junction table; where the junction row carries data of its own (byline
 * position, party role) there is also a relation to the junction rows.
 */
import { defineRelations } from 'drizzle-orm';
import * as schema from './schema';

export const relations = defineRelations(schema, (r) => ({
  articles: {
    section: r.one.sections({ from: r.articles.sectionId, to: r.sections.id }),
    bylines: r.many.articleAuthors({ from: r.articles.id, to: r.articleAuthors.articleId }),
    authors: r.many.authors({
      from: r.articles.id.through(r.articleAuthors.articleId),
      to: r.authors.id.through(r.articleAuthors.authorId),
    }),
    countries: r.many.countries({
      from: r.articles.id.through(r.articleCountries.articleId),
      to: r.countries.id.through(r.articleCountries.countryId),
    }),
    deals: r.many.deals({
      from: r.articles.id.through(r.articleDeals.articleId),
      to: r.deals.id.through(r.articleDeals.dealId),
    }),
    equipment: r.many.equipment({
      from: r.articles.id.through(r.articleEquipment.articleId),
      to: r.equipment.id.through(r.articleEquipment.equipmentId),
    }),
    revisions: r.many.articleRevisions({ from: r.articles.id, to: r.articleRevisions.articleId }),
  },
  articleRevisions: {
    article: r.one.articles({ from: r.articleRevisions.articleId, to: r.articles.id, optional: false }),
  },
  articleAuthors: {
    article: r.one.articles({ from: r.articleAuthors.articleId, to: r.articles.id, optional: false }),
    author: r.one.authors({ from: r.articleAuthors.authorId, to: r.authors.id, optional: false }),
  },
  authors: {
    articles: r.many.articles({
      from: r.authors.id.through(r.articleAuthors.authorId),
      to: r.articles.id.through(r.articleAuthors.articleId),
    }),
  },
  sections: {
    articles: r.many.articles({ from: r.sections.id, to: r.articles.sectionId }),
  },
  countries: {
    articles: r.many.articles({
      from: r.countries.id.through(r.articleCountries.countryId),
      to: r.articles.id.through(r.articleCountries.articleId),
    }),
    deals: r.many.deals({
      from: r.countries.id.through(r.dealParties.countryId),
      to: r.deals.id.through(r.dealParties.dealId),
    }),
    originOf: r.many.equipment({ from: r.countries.id, to: r.equipment.originCountryId }),
    operates: r.many.equipment({
      from: r.countries.id.through(r.equipmentOperators.countryId),
      to: r.equipment.id.through(r.equipmentOperators.equipmentId),
    }),
  },
  deals: {
    parties: r.many.dealParties({ from: r.deals.id, to: r.dealParties.dealId }),
    equipment: r.many.equipment({
      from: r.deals.id.through(r.dealEquipment.dealId),
      to: r.equipment.id.through(r.dealEquipment.equipmentId),
    }),
    articles: r.many.articles({
      from: r.deals.id.through(r.articleDeals.dealId),
      to: r.articles.id.through(r.articleDeals.articleId),
    }),
  },
  dealParties: {
    deal: r.one.deals({ from: r.dealParties.dealId, to: r.deals.id, optional: false }),
    country: r.one.countries({ from: r.dealParties.countryId, to: r.countries.id, optional: false }),
  },
  equipment: {
    originCountry: r.one.countries({ from: r.equipment.originCountryId, to: r.countries.id }),
    operators: r.many.countries({
      from: r.equipment.id.through(r.equipmentOperators.equipmentId),
      to: r.countries.id.through(r.equipmentOperators.countryId),
    }),
    deals: r.many.deals({
      from: r.equipment.id.through(r.dealEquipment.equipmentId),
      to: r.deals.id.through(r.dealEquipment.dealId),
    }),
    articles: r.many.articles({
      from: r.equipment.id.through(r.articleEquipment.equipmentId),
      to: r.articles.id.through(r.articleEquipment.articleId),
    }),
  },
}));

export type Relations = typeof relations;
