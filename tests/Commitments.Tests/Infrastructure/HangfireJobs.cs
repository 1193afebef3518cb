using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Infrastructure;

/// <summary>
/// Runs the jobs a page queued, as a Hangfire worker would, for test hosts whose Hangfire server is off
/// (<see cref="CommitmentsWebFactory"/>): each job is read back from the Hangfire storage (the
/// arguments as they were stored), performed by Hangfire's own performer with the application's job
/// activator (one DI scope per job, the <c>CancellationToken</c> argument filled in), and moved to
/// Succeeded, or Failed with its exception. No waiting: the test decides when the worker runs.
/// </summary>
public static class HangfireJobs
{
    /// <summary>The ids of the enqueued jobs of <typeparamref name="TJob"/>, oldest first, with their stored arguments.</summary>
    public static IReadOnlyList<(string Id, Job Job)> Enqueued<TJob>(CommitmentsWebFactory app)
    {
        var storage = app.Services.GetRequiredService<JobStorage>();
        using var connection = storage.GetConnection();
        // The queue still lists a job a worker took (the worker would have removed it): its state says.
        return storage.GetMonitoringApi().EnqueuedJobs("default", 0, 1000)
            .Where(j => j.Value.Job?.Type == typeof(TJob) && connection.GetJobData(j.Key)?.State == EnqueuedState.StateName)
            .Select(j => (j.Key, j.Value.Job))
            .ToList();
    }

    /// <summary>Performs every enqueued job of <typeparamref name="TJob"/>; the number performed.</summary>
    public static async Task<int> PerformEnqueuedAsync<TJob>(CommitmentsWebFactory app)
    {
        var storage = app.Services.GetRequiredService<JobStorage>();
        // The activator the application registers (one DI scope per job), made over this host's services:
        // Hangfire's process-wide default may still point at a test host that has been disposed.
        var performer = new BackgroundJobPerformer(JobFilterProviders.Providers,
            new Hangfire.AspNetCore.AspNetCoreJobActivator(app.Services.GetRequiredService<IServiceScopeFactory>()));
        var client = app.Services.GetRequiredService<IBackgroundJobClient>();
        var jobs = Enqueued<TJob>(app);
        foreach (var (id, _) in jobs)
        {
            using var connection = storage.GetConnection();
            var data = connection.GetJobData(id);
            var job = new BackgroundJob(id, data.Job, data.CreatedAt);
            IState result;
            try
            {
                // The performer runs async jobs to completion on its own; off the test's thread as a worker would be.
                var value = await Task.Run(() => performer.Perform(new PerformContext(storage, connection, job, new JobCancellationToken(false))));
                result = new SucceededState(value, 0, 0);
            }
            catch (JobPerformanceException e)
            {
                result = new FailedState(e.InnerException ?? e);
            }
            Assert.True(client.ChangeState(id, result, EnqueuedState.StateName), $"job {id} left the Enqueued state meanwhile");
        }
        return jobs.Count;
    }
}
