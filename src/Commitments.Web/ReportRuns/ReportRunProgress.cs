using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.ReportRuns;

/// <summary>
/// Receives the builder's percentage (on whatever thread the builder reports from) and writes the
/// latest one to the run's row at most once per <see cref="Interval"/>, through a context of its own:
/// the job's context is busy building, in the narrow scope of the report.
/// </summary>
public sealed class ReportRunProgress : IProgress<int>, IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly IServiceScopeFactory _scopes;
    private readonly int _runId;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private int _latest;
    private int _written;

    public ReportRunProgress(IServiceScopeFactory scopes, TimeProvider time, int runId)
    {
        _scopes = scopes;
        _runId = runId;
        _writer = WriteLoopAsync(new PeriodicTimer(Interval, time));
    }

    /// <summary>Called by the builder: 0–100, only rising.</summary>
    public void Report(int value)
    {
        var percent = Math.Clamp(value, 0, 99); // 100 is set with the finished file, not before
        int seen;
        do
        {
            seen = Volatile.Read(ref _latest);
            if (percent <= seen)
            {
                return;
            }
        } while (Interlocked.CompareExchange(ref _latest, percent, seen) != seen);
    }

    private async Task WriteLoopAsync(PeriodicTimer timer)
    {
        using (timer)
        {
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    await WriteAsync(CancellationToken.None);
                }
            }
            catch (OperationCanceledException)
            {
                // stopped: the job writes the final state itself
            }
        }
    }

    private async Task WriteAsync(CancellationToken ct)
    {
        var percent = Volatile.Read(ref _latest);
        if (percent == _written)
        {
            return;
        }
        await using var scope = _scopes.CreateAsyncScope();
        using var widened = scope.ServiceProvider.GetRequiredService<DataScopeAccessor>()
            .Widen(DataScope.Everything($"progress of report run {_runId}"));
        var db = scope.ServiceProvider.GetRequiredService<CommitmentsDbContext>();
        await db.ReportRuns.Where(r => r.Id == _runId && r.Percent < percent)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Percent, percent), ct);
        _written = percent;
    }

    /// <summary>Stops the timer and writes the last percentage reported, if the timer had not yet.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _writer;
        _stop.Dispose();
        await WriteAsync(CancellationToken.None);
    }
}
