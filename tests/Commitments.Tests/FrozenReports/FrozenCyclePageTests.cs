using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Tests.Pages.Progress;
using Commitments.Web.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Commitments.Tests.FrozenReports.FrozenReportsSupport;

namespace Commitments.Tests.FrozenReports;

/// <summary>Frozen through the administrator's page: the pages take no more changes for that year, and say so.</summary>
public sealed class FrozenCyclePageTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task Forms_opened_before_the_freeze_save_nothing_after_it_and_the_pages_say_why()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var approved = await world.CommitmentAsync("Bevroren voortgang");
        var draft = await world.CommitmentAsync("Bevroren concept", CommitmentStatus.Draft);
        using var partner = await app.SignInAsync(world.PartnerEmail);
        var (_, progressForm) = await partner.GetPageAsync(ProgressForm.Url(approved.Id));
        // The form's hidden fields (cycle, version, anti-forgery token), as the open browser tab holds them.
        var hidden = progressForm.QuerySelectorAll("form[enctype='multipart/form-data'] input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .ToList();
        Assert.Equal(3, hidden.Count);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/Commitments/Edit/{draft.Id}")).StatusCode);

        await FreezeAsync(app, ProgressWorld.CycleYear);

        var late = await partner.Client.PostAsync(ProgressForm.Url(approved.Id), new FormUrlEncodedContent(hidden.Concat(
        [
            new($"Form.Values[{approved.Indicators[0].Id}]", "12"), new("Form.Health", "OnTrack"), new("Form.Narrative", "Te laat"),
            new("Form.Intent", "submit"),
        ])));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var lateMain = TestBrowser.Parse(await late.Content.ReadAsStringAsync()).QuerySelector("main")!.TextContent;
        Assert.Contains("geen open rapportagejaar", lateMain);

        var edit = await partner.PostFormAsync($"/Commitments/Edit/{draft.Id}", [new("Form.Title", "Na de bevriezing")], tokenFrom: "/");
        Assert.True(TestBrowser.IsAccessDenied(edit));
        var (_, details) = await partner.GetPageAsync($"/Commitments/Details/{draft.Id}");
        Assert.Contains($"Rapportagejaar {ProgressWorld.CycleYear} is bevroren op", details.QuerySelector("main .notice[role=status]")!.TextContent);

        await using var db = world.Admin();
        Assert.False(await db.ProgressUpdates.AnyAsync(u => u.CommitmentId == approved.Id));
        Assert.Equal("Bevroren concept", (await db.Commitments.SingleAsync(c => c.Id == draft.Id)).Title);
    }
}

/// <summary>
/// The freeze lands between the page's own checks and its save (the administrator froze the year at
/// that very moment): the data layer refuses the save, and the page answers 409 with the reason.
/// </summary>
public sealed class FrozenCycleRaceTests(FrozenCycleRaceTests.FreezingFactory app) : IClassFixture<FrozenCycleRaceTests.FreezingFactory>
{
    /// <summary>The application, with a hook that runs when a page queues its e-mail (just before it saves).</summary>
    public sealed class FreezingFactory : CommitmentsWebFactory
    {
        public Func<Task>? WhenMailIsQueued { get; set; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddScoped<EmailOutbox>();
                services.AddScoped<IEmailOutbox>(sp => new Interrupting(sp.GetRequiredService<EmailOutbox>(), this));
            });
        }

        private sealed class Interrupting(EmailOutbox outbox, FreezingFactory app) : IEmailOutbox
        {
            public void Enqueue(string to, string subject, string textBody, string? htmlBody = null)
            {
                if (app.WhenMailIsQueued is { } hook)
                {
                    app.WhenMailIsQueued = null;
                    hook().GetAwaiter().GetResult();
                }
                outbox.Enqueue(to, subject, textBody, htmlBody);
            }
        }
    }

    [Theory]
    [InlineData(null, "Rapportagejaar bevroren", "Rapportagejaar {0} is bevroren: er kan niets meer aan worden toegevoegd of gewijzigd.")]
    [InlineData("en-GB", "Reporting year frozen", "Reporting year {0} is frozen: nothing can be added or changed any more.")]
    public async Task A_submission_whose_year_is_frozen_while_it_is_saved_is_refused_with_409_and_the_reason_in_the_readers_language(
        string? partnerCulture, string heading, string reason)
    {
        var world = await ProgressWorld.CreateAsync(app, partnerCulture);
        await using (var reopen = app.CreateAdminDbContext())
        {
            // The class shares one database: the year the other case froze is open again for this one.
            await reopen.ReportingCycles.Where(c => c.Id == world.CycleId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.FrozenAt, (DateTime?)null));
        }
        var commitment = await world.CommitmentAsync("Net op tijd");
        using var partner = await app.SignInAsync(world.PartnerEmail);
        app.WhenMailIsQueued = async () =>
        {
            await using var db = app.CreateAdminDbContext();
            await db.ReportingCycles.Where(c => c.Id == world.CycleId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.FrozenAt, app.Time.GetUtcNow().UtcDateTime));
        };

        var response = await ProgressForm.PostAsync(partner, commitment.Id,
            [($"Form.Values[{commitment.Indicators[0].Id}]", "12"), ("Form.Health", "OnTrack"), ("Form.Narrative", "Op schema"), ("Form.Intent", "submit")]);

        Assert.Null(app.WhenMailIsQueued); // the hook ran: the page got as far as its save
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = TestBrowser.Parse(await response.Content.ReadAsStringAsync());
        var alert = page.QuerySelector("main [role=alert]")!.TextContent;
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, reason, ProgressWorld.CycleYear), alert);
        Assert.Equal(heading, page.QuerySelector("h1")!.TextContent);
        await using var check = world.Admin();
        Assert.False(await check.ProgressUpdates.AnyAsync(u => u.CommitmentId == commitment.Id));
        Assert.False(await check.OutboxMessages.AnyAsync(m => m.To == world.LeadEmail));
    }
}
