/**
 * The words field-mapping suggestions treat as meaning the same thing. Each
 * group is one concept; its first entry is how a reason names it. Entries are
 * written as words and compared after the same normalising as field names
 * (case, separators and plurals ignored), so `created_at`, `createdAt` and
 * `Created at` all meet `created at`.
 */

/** A kind of value a field's samples can look like. */
export type ValueShape = 'email' | 'url' | 'domain' | 'date' | 'phone' | 'number' | 'boolean';

export interface SynonymGroup {
  words: readonly string[];
  /** What a field of this concept holds, when that is recognisable in its values. */
  values?: readonly ValueShape[];
}

export const SYNONYM_GROUPS: readonly SynonymGroup[] = [
  { words: ['id', 'identifier', 'uid', 'uuid', 'gid', 'object id', 'record id', 'external id'] },
  { words: ['email', 'e mail', 'mail', 'email address', 'mail address', 'emailaddress'], values: ['email'] },
  { words: ['first name', 'given name', 'forename', 'fname', 'firstname', 'givenname'] },
  { words: ['last name', 'surname', 'family name', 'lname', 'lastname', 'familyname'] },
  { words: ['full name', 'name', 'display name', 'fullname', 'displayname'] },
  { words: ['company', 'company name', 'org', 'organization', 'organisation', 'organization name', 'employer', 'account', 'account name', 'business'] },
  { words: ['phone', 'phone number', 'mobile', 'mobile phone', 'mobile number', 'tel', 'telephone', 'cell', 'cell phone', 'phone no'], values: ['phone'] },
  // Not `role`: in most apps it is a permission level (admin, agent), not a job title.
  { words: ['job title', 'title', 'position', 'job position', 'designation'] },
  {
    words: ['created at', 'created', 'created on', 'creation date', 'creation time', 'date created', 'created date', 'created time', 'inserted', 'inserted at', 'added at', 'date added', 'add time', 'create time', 'registered at', 'signed up at'],
    values: ['date'],
  },
  {
    words: ['updated at', 'updated', 'updated on', 'modified', 'modified at', 'last modified', 'date modified', 'changed at', 'last updated', 'modified time', 'modified on', 'update time', 'last edited', 'last edited time', 'edited at'],
    values: ['date'],
  },
  { words: ['domain', 'domain name', 'website', 'web site', 'site', 'homepage', 'home page', 'web'], values: ['domain', 'url'] },
  { words: ['employees', 'employee count', 'headcount', 'head count', 'number of employees', 'staff count', 'people count', 'num employees'], values: ['number'] },
  { words: ['url', 'link', 'href', 'web url', 'download url', 'permalink', 'uri'], values: ['url'] },
  { words: ['mime type', 'mimetype', 'content type', 'media type', 'file type', 'mime'] },
  { words: ['size', 'file size', 'byte size', 'size in bytes', 'bytes', 'content length'], values: ['number'] },
  { words: ['city', 'town', 'locality'] },
  { words: ['country', 'country code', 'nation'] },
  { words: ['postal code', 'zip', 'zip code', 'postcode', 'post code'] },
  { words: ['street', 'street address', 'address line', 'address line 1'] },
  { words: ['region', 'province', 'county'] },
  { words: ['description', 'summary', 'notes', 'note', 'bio', 'about', 'details'] },
  { words: ['status', 'stage'] },
  { words: ['birthday', 'birth date', 'date of birth', 'dob'], values: ['date'] },
  { words: ['avatar', 'photo', 'picture', 'image', 'avatar url', 'photo url', 'picture url'], values: ['url'] },
  { words: ['language', 'locale', 'lang'] },
  { words: ['time zone', 'timezone', 'tz'] },
  { words: ['username', 'user name', 'login', 'handle', 'screen name'] },
  { words: ['department', 'dept', 'division'] },
];

/**
 * Words that qualify a name without changing what it is (`primary_email`,
 * `work_phone`): ignored at the start of a name, like the model's own name.
 */
export const QUALIFIERS: readonly string[] = ['primary', 'main', 'default', 'preferred', 'work', 'business', 'official', 'current'];

/**
 * Last path parts that say nothing of their own (`emails[0].value`): the
 * part before them names the field.
 */
export const GENERIC_LEAVES: readonly string[] = ['value', 'text', 'raw', 'data', 'content', 'val'];

/** Words too common to make two names alike. */
export const FILLER_WORDS: readonly string[] = ['a', 'an', 'the', 'of', 'in', 'for', 'at', 'on', 'by', 'is', 'has'];
