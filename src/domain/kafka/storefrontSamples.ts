/**
 * The Storefront events of the seeds' "Eventual Consistency with Spring for Apache Kafka" posts, as ready-made
 * samples: three topics (`accounts.customer.change`, `orders.order.fulfill`, `fulfillment.order.change`) and one
 * payload each, verbatim (shared/notes/seeds-digest.md §3.8). Keys are the ids the services look records up by.
 * Pure data.
 */
import type { ProduceMessage } from './kafkaModel';

export interface SampleEvent {
  id: string;
  title: string;
  description: string;
  topic: string;
  /** Settings of the seeds' 2018 Compose stack: `KAFKA_CREATE_TOPICS` name:1:1. */
  partitions: number;
  message: ProduceMessage;
}

const name = { title: 'Mr.', firstName: 'John', middleName: 'S.', lastName: 'Doe', suffix: 'Jr.' };
const contact = { primaryPhone: '555-666-7777', secondaryPhone: '555-444-9898', email: 'john.doe@internet.com' };
const shipping = { type: 'SHIPPING', description: 'My home address', address1: '123 Oak Street', address2: null, city: 'Sunrise', state: 'CA', postalCode: '12345-6789' };

const customerChange = {
  id: '5b189af9a8d05613315b0212',
  name,
  contact,
  addresses: [
    { type: 'BILLING', description: 'My cc billing address', address1: '123 Oak Street', address2: null, city: 'Sunrise', state: 'CA', postalCode: '12345-6789' },
    shipping,
  ],
};

const fulfillmentRequest = {
  timestamp: 1528334218821,
  name,
  contact,
  address: shipping,
  order: {
    guid: 'facb2d0c-4ae7-4d6c-96a0-293d9c521652',
    orderStatusEvents: [
      { timestamp: 1528333926586, orderStatusType: 'CREATED', note: null },
      { timestamp: 1528333926586, orderStatusType: 'APPROVED', note: null },
    ],
    orderItems: [{
      product: { guid: '7f3c9c22-3c0a-47a5-9a92-2bd2e23f6e37', title: 'Green Widget', description: 'Gorgeous Green Widget', price: 11.99 },
      quantity: 5,
    }],
  },
};

const orderStatusChange = {
  guid: 'facb2d0c-4ae7-4d6c-96a0-293d9c521652',
  orderStatusEvent: { timestamp: 1528334452746, orderStatusType: 'PROCESSING', note: null },
};

/** The three Storefront events in the order they flow: Accounts → Orders → Fulfillment → Orders. */
export const STOREFRONT_SAMPLES: SampleEvent[] = [
  {
    id: 'customer-change', title: 'CustomerChangeEvent', topic: 'accounts.customer.change', partitions: 1,
    description: 'Accounts → Orders: a customer was created or changed (Orders saves it as customer.orders)',
    message: { key: customerChange.id, value: JSON.stringify(customerChange) },
  },
  {
    id: 'fulfillment-request', title: 'FulfillmentRequestEvent', topic: 'orders.order.fulfill', partitions: 1,
    description: 'Orders → Fulfillment: an approved order is ready to fulfil',
    message: { key: fulfillmentRequest.order.guid, value: JSON.stringify(fulfillmentRequest) },
  },
  {
    id: 'order-status-change', title: 'OrderStatusChangeEvent', topic: 'fulfillment.order.change', partitions: 1,
    description: 'Fulfillment → Orders: an order moved on (Orders adds it to orders.$.orderStatusEvents)',
    message: { key: orderStatusChange.guid, value: JSON.stringify(orderStatusChange) },
  },
];

export function findSample(idOrTopic: string): SampleEvent | undefined {
  return STOREFRONT_SAMPLES.find((s) => s.id === idOrTopic || s.topic === idOrTopic || s.title === idOrTopic);
}
