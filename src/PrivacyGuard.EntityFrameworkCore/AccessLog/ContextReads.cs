using PrivacyGuard.AccessLog;
using PrivacyGuard.EntityFrameworkCore.Infrastructure;
using PrivacyGuard.EntityFrameworkCore.Interception;
using PrivacyGuard.EntityFrameworkCore.Metadata;

namespace PrivacyGuard.EntityFrameworkCore;

/// <summary>
/// One context's materialized reads not yet recorded (<see cref="PendingReads"/>), and what materializing a row needs
/// from the context without asking its options again: its PrivacyGuard services, and each subject met since the last
/// reader closed, found by the subject id value the entity holds, so its id is formatted once per subject and query
/// rather than once per row. Thread-safe.
/// </summary>
internal sealed class ContextReads(PrivacyGuardEntityServices services)
{
    private readonly Lock _lock = new();

    // A subject by the CLR value of its id (a boxed Guid, a string, ...), and by its formatted id, so that values of
    // different types naming one subject share one group.
    private readonly Dictionary<object, Subject> _byValue = [];
    private readonly Dictionary<string, Subject> _byId = new(StringComparer.Ordinal);
    private readonly List<Subject> _subjects = [];
    private Subject? _none;

    public PrivacyGuardEntityServices Services { get; } = services;

    /// <summary>
    /// Counts one materialized entity of <paramref name="entity"/> whose subject id property holds
    /// <paramref name="subjectValue"/>; returns the subject id as text (null when there is none).
    /// </summary>
    public string? Add(PrivacyEntity entity, object? subjectValue)
    {
        lock (_lock)
        {
            if (subjectValue is null)
            {
                return Count(SubjectOf(null), entity);
            }

            if (!_byValue.TryGetValue(subjectValue, out var subject))
            {
                subject = SubjectOf(PrivacyEntity.FormatSubjectId(subjectValue));
                _byValue.Add(subjectValue, subject);
            }

            return Count(subject, entity);
        }
    }

    /// <summary>The read events buffered, emptying the buffer (and forgetting the subjects met); empty when there are none.</summary>
    public List<AccessEvent> Take(PrivacyGuardOptionsExtension extension)
    {
        Subject[] taken;
        lock (_lock)
        {
            if (_subjects.Count == 0)
            {
                return [];
            }

            taken = [.. _subjects];
            _subjects.Clear();
            _byValue.Clear();
            _byId.Clear();
            _none = null;
        }

        var accessLog = extension.Services.AccessLog;
        var events = new List<AccessEvent>(taken.Length);
        foreach (var subject in taken)
        {
            var token = subject.Id is { } id ? accessLog.TokenizeSubject(id) : null;
            foreach (var (entity, count) in subject.Counts)
            {
                events.Add(EntityAccessEvents.Create(extension, entity.Name, AccessAction.Read, token, entity.Categories, count));
            }
        }

        return events;
    }

    private Subject SubjectOf(string? id)
    {
        if (id is null)
        {
            return _none ??= NewSubject(null);
        }

        if (!_byId.TryGetValue(id, out var subject))
        {
            subject = NewSubject(id);
            _byId.Add(id, subject);
        }

        return subject;
    }

    private Subject NewSubject(string? id)
    {
        var subject = new Subject(id);
        _subjects.Add(subject);
        return subject;
    }

    private static string? Count(Subject subject, PrivacyEntity entity)
    {
        var counts = subject.Counts;
        for (var i = 0; i < counts.Count; i++)
        {
            if (ReferenceEquals(counts[i].Entity, entity))
            {
                counts[i] = (entity, counts[i].Count + 1);
                return subject.Id;
            }
        }

        counts.Add((entity, 1));
        return subject.Id;
    }

    /// <summary>A subject met since the last reader closed, with its entities counted per entity type (usually one).</summary>
    private sealed class Subject(string? id)
    {
        public string? Id { get; } = id;

        public List<(PrivacyEntity Entity, int Count)> Counts { get; } = new(1);
    }
}
