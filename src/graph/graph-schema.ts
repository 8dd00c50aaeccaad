import { EdmEntityContainer, EdmSchemaFragment } from '../odata/edm/edm-types';

export const GRAPH_NAMESPACE = 'microsoft.graph';

/** The entity container Microsoft Graph declares in `$metadata`, in its namespace aliased `graph`. */
export const GRAPH_ENTITY_CONTAINER: EdmEntityContainer = { namespace: GRAPH_NAMESPACE, name: 'GraphService', alias: 'graph' };

/** `microsoft.graph.entity`, the abstract base of every Graph entity: its `id` is the key. */
export const GRAPH_BASE_SCHEMA: EdmSchemaFragment = {
  namespace: GRAPH_NAMESPACE,
  types: [
    {
      kind: 'entity',
      name: 'entity',
      abstract: true,
      key: ['id'],
      properties: [{ name: 'id', type: 'Edm.String', nullable: false, computed: true }],
    },
  ],
};
