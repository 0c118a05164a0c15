import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ApiContext, findTopologyRef, sendAnswer, untilClientGone } from '../context.js';
import type { QuestionName } from '../jobs/questions.js';
import { errors, networkOf, TopologyParams } from '../schemas/common.js';
import { documentOnly } from '../schemas/registry.js';
import { ReportQuery } from '../schemas/report.js';

const HTML_TYPE = 'text/html';
const PDF_TYPE = 'application/pdf';

/** `GET /v1/topologies/:id/report`: the committee report (`fibre-resilience report`), HTML by default, PDF on request. */
export const reportRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.get('/v1/topologies/:id/report', {
    config: { cost: 'job' },
    schema: {
      tags: ['planning'],
      summary: 'The committee report: the network, the NROs not secured, the worst cuts, saturation, what each work buys, the programme year by year (fibre-resilience report); French by default',
      description: 'One self-contained document: inline CSS and SVG, no script, nothing loaded. `format=pdf` or `Accept: application/pdf` gives it printed to PDF (A4).',
      params: TopologyParams,
      querystring: ReportQuery,
      response: {
        200: {
          description: 'the report',
          content: {
            [HTML_TYPE]: { schema: documentOnly(z.string().describe('the report as one HTML document')) },
            [PDF_TYPE]: { schema: documentOnly(z.string().describe('the report printed to PDF')) },
          },
        },
        ...errors(400, 404, 429, 503),
      },
    },
  }, async (request, reply) => {
    const { query } = request;
    const topology = await findTopologyRef(context, request.params.id);
    const format = query.format ?? (request.accepts().type([HTML_TYPE, PDF_TYPE]) === PDF_TYPE ? 'pdf' : 'html');
    const payload = {
      request: {
        network: networkOf(query), lang: query.lang, budgetEur: query.budgetEur, years: query.years,
        yearlyCapEur: query.yearlyCapEur, yearlyBudgetsEur: query.yearlyBudgetsEur, funding: query.funding,
      },
      format,
    };
    reply.header('Vary', 'Accept');
    // `report` is answered by api/jobs/report-question.ts, registered in QUESTIONS under that name.
    return sendAnswer(reply, await context.jobs.run('report' as QuestionName, topology, payload as never, untilClientGone(reply)));
  });
};
