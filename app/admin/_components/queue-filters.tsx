'use client'

import { useRouter } from 'next/navigation'
import { useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react'

export type FilterOption = { value: string; label: string }

type Values = { q?: string; status?: string; post?: string; check?: string }

const same = (a: Values, b: Values) =>
  a.q === b.q && a.status === b.status && a.post === b.post && a.check === b.check

/** True once the page runs scripts (false on the server and while hydrating). */
const subscribeNever = () => () => {}
const useScripted = () =>
  useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  )

/** The filters' query, without empty fields: `/admin?status=pending`, not `?q=&status=pending&post=`. */
function queryOf(form: HTMLFormElement): string {
  const params = new URLSearchParams()
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string' && value.trim() !== '') params.set(name, value.trim())
  }
  const query = params.toString()
  return query ? `/admin?${query}` : '/admin'
}

/**
 * Search, status, post and checks. A plain GET form with a "Filter" button,
 * so it works without JavaScript; with it, a choice applies as soon as it is
 * made, and the search when it is changed (Enter, or leaving the field).
 */
export function QueueFilters({
  values,
  statuses,
  posts,
  checks,
}: {
  values: Values
  statuses: FilterOption[]
  posts: FilterOption[]
  checks: FilterOption[]
}) {
  const router = useRouter()
  const scripted = useScripted()
  // The fields follow the view (a count link changes it too) and what the author picks.
  const [shown, setShown] = useState(values)
  const [viewed, setViewed] = useState(values)
  if (!same(viewed, values)) {
    setViewed(values)
    setShown(values)
  }
  const pick = (name: keyof Values, value: string) => setShown({ ...shown, [name]: value })
  const apply = (form: HTMLFormElement) => router.push(queryOf(form))
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    apply(event.currentTarget)
  }
  const onSelect = (name: keyof Values) => (event: FormEvent<HTMLSelectElement>) => {
    const { value, form } = event.currentTarget
    pick(name, value)
    if (form) apply(form)
  }
  return (
    <form
      method="get"
      action="/admin"
      className="filters"
      role="search"
      aria-label="Filter the queue"
      data-scripted={scripted ? 'true' : undefined}
      onSubmit={onSubmit}
    >
      <div className="field field-search">
        <label htmlFor="filter-q">Search</label>
        <input
          id="filter-q"
          name="q"
          type="search"
          value={shown.q ?? ''}
          onChange={(event) => pick('q', event.currentTarget.value)}
          placeholder="Link, domain, title or name"
          maxLength={200}
          // Applied when changed: on Enter (the form's submit) and when the field is left.
          onBlur={(event) => {
            const form = event.currentTarget.form
            if (form && (shown.q ?? '').trim() !== (values.q ?? '')) apply(form)
          }}
        />
      </div>
      {(
        [
          ['status', 'Status', 'All statuses (pending first)', statuses],
          ['post', 'Post', 'All posts', posts],
          ['check', 'Checks', 'All checks', checks],
        ] as const
      ).map(([name, label, all, options]) => (
        <Select
          key={name}
          id={`filter-${name}`}
          name={name}
          label={label}
          value={shown[name]}
          onChange={onSelect(name)}
        >
          <option value="">{all}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      ))}
      <button type="submit" className="button button-secondary filters-apply">
        Filter
      </button>
    </form>
  )
}

function Select(props: {
  id: string
  name: string
  label: string
  value: string | undefined
  onChange: (event: FormEvent<HTMLSelectElement>) => void
  children: ReactNode
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} value={props.value ?? ''} onChange={props.onChange}>
        {props.children}
      </select>
    </div>
  )
}
