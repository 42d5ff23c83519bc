namespace PrivacyGuard.AccessLog;

/// <summary>
/// Recomputes every chain page by page (memory bounded by the page size) and checks it against its recorded head.
/// Stops at the first bad event of the first bad chain (chains in ordinal order) and names it.
/// </summary>
internal sealed class AccessLogVerifier(IAccessLogStore store, AccessLogKeys keys)
{
    public const int PageSize = 1_000;

    public async Task<AccessLogVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var heads = (await store.ReadHeadsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(h => h.Chain, StringComparer.Ordinal);
        var chains = new SortedSet<string>(heads.Keys, StringComparer.Ordinal);
        chains.UnionWith(await store.ReadChainsAsync(cancellationToken).ConfigureAwait(false));
        long checkedCount = 0;
        foreach (var chain in chains)
        {
            heads.TryGetValue(chain, out var head);
            var (bad, count) = await VerifyChainAsync(chain, head, cancellationToken).ConfigureAwait(false);
            checkedCount += count;
            if (bad is { } problem)
            {
                return new AccessLogVerification(false, checkedCount, chain, problem.Sequence, problem.Problem);
            }
        }

        return new AccessLogVerification(true, checkedCount, null, null, null);
    }

    private async Task<((long Sequence, string Problem)? Bad, long Count)> VerifyChainAsync(string chain, AccessLogHead? head, CancellationToken cancellationToken)
    {
        if (head is null)
        {
            return ((1, AccessLogProblems.HeadTampered), 0);
        }

        var headMac = keys.ComputeHeadMac(head.KeyId, head.Chain, head.LastSequence, head.LastHash);
        if (headMac is null)
        {
            return ((head.LastSequence, AccessLogProblems.UnknownKey), 0);
        }

        if (!string.Equals(headMac, head.Mac, StringComparison.Ordinal))
        {
            return ((head.LastSequence, AccessLogProblems.HeadTampered), 0);
        }

        long expected = 1;
        var previous = AccessLogKeys.GenesisHash;
        long count = 0;
        long after = 0;
        while (true)
        {
            // One event more than needed, to look ahead across the page boundary.
            var page = await store.ReadChainAsync(chain, after, PageSize + 1, cancellationToken).ConfigureAwait(false);
            var take = Math.Min(page.Count, PageSize);
            for (var i = 0; i < take; i++)
            {
                var e = page[i];
                var next = i + 1 < page.Count ? page[i + 1] : null;
                count++;
                if (e.Sequence > head.LastSequence)
                {
                    // Appended since the heads were read (a live log): the head is written in the same transaction as its
                    // events, so a fresh, valid head covers them. One it does not cover was inserted.
                    if (await FreshHeadCoveringAsync(chain, e.Sequence, cancellationToken).ConfigureAwait(false) is not { } fresh)
                    {
                        return ((e.Sequence, AccessLogProblems.Inserted), count);
                    }

                    head = fresh;
                }

                if (e.Sequence != expected)
                {
                    return ((expected, AccessLogProblems.Missing), count);
                }

                if (Check(e, previous, next) is { } problem)
                {
                    return ((e.Sequence, problem), count);
                }

                previous = e.Hash;
                expected++;
            }

            if (page.Count <= PageSize)
            {
                break;
            }

            after = page[take - 1].Sequence;
        }

        var last = expected - 1;
        if (last < head.LastSequence)
        {
            return ((last + 1, AccessLogProblems.Truncated), count);
        }

        return !string.Equals(previous, head.LastHash, StringComparison.Ordinal)
            ? ((last, AccessLogProblems.Edited), count)
            : (null, count);
    }

    /// <summary>The chain's head as it is now, when its MAC is valid and it covers <paramref name="sequence"/>; else null.</summary>
    private async Task<AccessLogHead?> FreshHeadCoveringAsync(string chain, long sequence, CancellationToken cancellationToken)
    {
        var heads = await store.ReadHeadsAsync(cancellationToken).ConfigureAwait(false);
        var head = heads.FirstOrDefault(h => string.Equals(h.Chain, chain, StringComparison.Ordinal));
        return head is not null && head.LastSequence >= sequence
            && string.Equals(keys.ComputeHeadMac(head.KeyId, head.Chain, head.LastSequence, head.LastHash), head.Mac, StringComparison.Ordinal)
            ? head
            : null;
    }

    private string? Check(StoredAccessEvent e, string expectedPrevious, StoredAccessEvent? next)
    {
        var hash = keys.ComputeHash(e);
        var linked = string.Equals(e.PreviousHash, expectedPrevious, StringComparison.Ordinal);
        if (hash is null && AccessLogKeys.TryDecodeHash(e.PreviousHash, out _))
        {
            return AccessLogProblems.UnknownKey;
        }

        if (string.Equals(hash, e.Hash, StringComparison.Ordinal))
        {
            return linked ? null : AccessLogProblems.Reordered;
        }

        if (linked)
        {
            return AccessLogProblems.Edited;
        }

        // Two events swapped: this one links to the event now stored after it.
        return next is not null && string.Equals(e.PreviousHash, next.Hash, StringComparison.Ordinal)
            ? AccessLogProblems.Reordered
            : AccessLogProblems.Inserted;
    }
}
