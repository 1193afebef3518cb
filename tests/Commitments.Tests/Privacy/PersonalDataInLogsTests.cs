using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Commitments.Tests.Pages.Account;
using Commitments.Web.Email;
using Commitments.Web.Privacy;
using Hangfire;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Commitments.Tests.Privacy;

/// <summary>
/// The plain logs (the product's own down to debug level, the framework's at the shipped levels) name no e-mail address through the flows that handle
/// addresses (failed sign-ins, password reset, invitations, sending e-mail), and background jobs
/// carry no personal data in their arguments (Hangfire stores them readable).
/// </summary>
public sealed partial class PersonalDataInLogsTests(PersonalDataInLogsTests.LogCapturingWebFactory app) : IClassFixture<PersonalDataInLogsTests.LogCapturingWebFactory>
{
    [Fact]
    public async Task Sign_in_failures_reset_invitation_and_sending_mail_log_no_e_mail_address()
    {
        using (var browser = app.Anonymous())
        {
            await browser.SignInAsync(DemoAccounts.PartnerLimburg, "verkeerd-wachtwoord");
            await browser.SignInAsync("niemand.bekend@limburg.test", "iets-anders-nog");
            await browser.PostFormAsync("/Account/ForgotPassword", ("Email", DemoAccounts.PartnerLimburg));
            string resetPath;
            await using (var db = app.CreateAdminDbContext())
            {
                var mail = await db.OutboxMessages.SingleAsync(m => m.To == DemoAccounts.PartnerLimburg);
                resetPath = new Uri(ResetLink().Match(mail.TextBody).Value).PathAndQuery;
            }
            await browser.PostFormAsync(resetPath, ("Password", "Carnaval in Venlo 2019"), ("ConfirmPassword", "Carnaval in Venlo 2019"));
            await browser.SignInAsync(DemoAccounts.PartnerLimburg, "Carnaval in Venlo 2019");
        }
        using (var admin = await app.SignInAsync(DemoAccounts.Admin))
        {
            await admin.PostFormAsync("/Invitations/Create", ("Email", "nieuwe.collega@minezk.test"), ("Role", Roles.Ministry));
        }
        var acceptPath = await InvitationTests.AcceptPathForAsync(app, "nieuwe.collega@minezk.test");
        using (var invitee = app.Anonymous())
        {
            await invitee.PostFormAsync(acceptPath, ("DisplayName", "Nieuwe Collega"), ("Password", "Een lange zin over techniek"));
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
        }

        var lines = app.LogLines.ToList();
        Assert.Contains(lines, l => l.Contains("E-mail delivery run", StringComparison.Ordinal)); // the flows did log
        Assert.Contains(lines, l => l.Contains("Sign-in failed", StringComparison.Ordinal));
        // Any address at all, except the outbox's own Message-Ids ("outbox.12.8d5…@techniekpact.test", the pickup file names).
        Assert.Equal([], lines.SelectMany(l => EmailAddress().Matches(l)).Select(m => m.Value).Where(v => !OutboxMessageId().IsMatch(v)).Distinct());
        string[] addresses = [DemoAccounts.PartnerLimburg, "niemand.bekend@limburg.test", "nieuwe.collega@minezk.test", DemoAccounts.Admin];
        Assert.DoesNotContain(lines, l => addresses.Any(a => l.Contains(a, StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(lines, l => l.Contains("Nieuwe Collega", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_job_queued_from_a_page_carries_no_personal_data_in_its_arguments()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        await admin.PostFormAsync("/Admin/Reminders?handler=RunNow");

        var storage = app.Services.GetRequiredService<JobStorage>();
        var monitoring = storage.GetMonitoringApi();
        var jobs = monitoring.EnqueuedJobs("default", 0, 100);
        Assert.NotEmpty(jobs);
        using var connection = storage.GetConnection();
        Assert.All(jobs, job =>
        {
            var data = connection.GetJobData(job.Key);
            Assert.All(data.Job.Args, argument => Assert.True(argument is null or CancellationToken, $"job argument {argument}"));
        });
    }

    [Fact]
    public void An_address_in_text_from_elsewhere_is_replaced_by_its_hash()
    {
        var text = "550 5.1.1 <Jan.de.Vries@Drenthe.test>: Recipient address rejected";
        var redacted = PersonalData.RedactAddresses(text);
        Assert.DoesNotMatch(EmailAddress(), redacted);
        Assert.Contains(PersonalData.HashAddress("jan.de.vries@drenthe.test"), redacted);
        Assert.StartsWith("550 5.1.1 <mail:", redacted);
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"^(\d{8}T\d{9}Z-)?outbox\.\d+\.[0-9a-f]+@")]
    private static partial Regex OutboxMessageId();

    [GeneratedRegex(@"https?://\S+/Account/ResetPassword\S+")]
    private static partial Regex ResetLink();

    /// <summary>The application with every log line down to debug level collected.</summary>
    public sealed class LogCapturingWebFactory : CommitmentsWebFactory
    {
        public ConcurrentQueue<string> LogLines { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The product's own lines down to debug; the framework's at the levels the application ships
            // with (appsettings.json). ASP.NET Core's request lines at Information name the URL (query
            // included); a password-reset link carries the user id and token there, not the address.
            builder.UseSetting("Logging:LogLevel:Default", "Debug");
            builder.UseSetting("Logging:LogLevel:Commitments", "Debug");
            builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(new Collecting(LogLines)));
        }

        private sealed class Collecting(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
        {
            public ILogger CreateLogger(string categoryName) => this;

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{formatter(state, exception)} {exception}");

            public void Dispose()
            {
            }
        }
    }
}
