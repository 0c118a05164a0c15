export interface Link {
  rel: string;
  href: string;
  type?: string;
  title?: string;
}
