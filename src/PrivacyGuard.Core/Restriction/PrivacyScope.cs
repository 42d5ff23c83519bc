using Microsoft.Extensions.Options;

namespace PrivacyGuard.Restriction;

/// <summary>
/// <see cref="IPrivacyScope"/> over an <see cref="AsyncLocal{T}"/>: each scope is an immutable frame pointing at the one
/// it encloses, so child tasks see their parent's scope and a scope begun in a child never leaks to the parent.
/// </summary>
public sealed class PrivacyScope : IPrivacyScope
{
    private readonly AsyncLocal<Frame?> _current = new();
    private readonly ProcessingPurpose _defaultPurpose;
    private readonly bool _requireScope;

    /// <summary>Creates the scope accessor with <paramref name="options"/>.</summary>
    public PrivacyScope(IOptions<PrivacyScopeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _defaultPurpose = options.Value.DefaultPurpose;
        _requireScope = options.Value.RequireScope;
    }

    /// <inheritdoc />
    public ProcessingPurpose? CurrentPurpose => _current.Value?.Purpose;

    /// <inheritdoc />
    public string? CurrentActor => _current.Value?.Actor;

    /// <inheritdoc />
    public ProcessingPurpose EffectivePurpose =>
        _current.Value?.Purpose ?? (_requireScope ? throw new PrivacyScopeRequiredException() : _defaultPurpose);

    /// <inheritdoc />
    public IDisposable BeginScope(ProcessingPurpose purpose, string actor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var frame = new Frame(this, _current.Value, purpose, actor);
        _current.Value = frame;
        return frame;
    }

    private sealed class Frame(PrivacyScope owner, Frame? parent, ProcessingPurpose purpose, string actor) : IDisposable
    {
        private int _disposed;

        public ProcessingPurpose Purpose { get; } = purpose;

        public string Actor { get; } = actor;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0 && ReferenceEquals(owner._current.Value, this))
            {
                owner._current.Value = parent;
            }
        }

        public override string ToString() => $"PrivacyScope({Purpose})";
    }
}
