using System.Threading.RateLimiting;

namespace Commitments.Web.Identity;

/// <summary>
/// At most <c>permitLimit</c> attempts in a window that opens with the first attempt and lasts
/// <c>window</c>; a refused attempt learns exactly when the window closes (Retry-After).
/// The built-in window limiters of System.Threading.RateLimiting read the machine clock and cannot
/// be given a <see cref="TimeProvider"/>; this one reads the application's clock, so tests move time
/// instead of waiting, and the answer's Retry-After is the real remaining time rather than a whole window.
/// Refused attempts are answered at once, never queued: a waiting sign-in form helps nobody.
/// </summary>
public sealed class AttemptWindowLimiter(int permitLimit, TimeSpan window, TimeProvider time) : RateLimiter
{
    private readonly Lock _lock = new();
    private DateTimeOffset _windowEnd = DateTimeOffset.MinValue;
    private int _used;
    private long _successful;
    private long _failed;

    /// <summary>
    /// How long all permits have been available: since the end of the last window. While a window is
    /// open the limiter holds state and must not be thrown away by its partitioned owner.
    /// </summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                var now = time.GetUtcNow();
                return now >= _windowEnd ? now - (_windowEnd == DateTimeOffset.MinValue ? now : _windowEnd) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = time.GetUtcNow() >= _windowEnd ? permitLimit : permitLimit - _used,
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now >= _windowEnd)
            {
                _used = 0;
                _windowEnd = DateTimeOffset.MinValue;
            }
            if (permitCount == 0)
            {
                return _used < permitLimit ? Lease.Acquired : Refuse(now);
            }
            if (_used + permitCount > permitLimit)
            {
                return Refuse(now);
            }
            if (_used == 0)
            {
                _windowEnd = now + window; // the window opens with its first attempt
            }
            _used += permitCount;
            _successful++;
            return Lease.Acquired;
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private Lease Refuse(DateTimeOffset now)
    {
        _failed++;
        return new Lease(false, _windowEnd - now);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames =>
            retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = value;
                return true;
            }
            metadata = null;
            return false;
        }
    }
}
