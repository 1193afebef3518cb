using Commitments.Core.Domain;
using Commitments.Core.ReferenceData;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Tenancy;

/// <summary>
/// The data layer itself, without pages: each scope reads exactly its own data, and writes outside
/// the scope are refused before anything reaches the database.
/// </summary>
public sealed class DataLayerScopeTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private int _noordRegion, _zuidRegion, _drenthe, _groningenBv, _limburgSchool;
    private int _drentheDraft, _drentheApproved, _limburgApproved, _sharedWithGroningen;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = _database.CreateContext(DataScope.Everything("test set-up"));
        await ReferenceDataSeeder.EnsureAsync(db);
        var regions = await db.Regions.ToDictionaryAsync(r => r.Code, r => r.Id);
        _noordRegion = regions["noord"];
        _zuidRegion = regions["zuid"];
        var cycle = new ReportingCycle { Year = 2018, UpdatesDueOn = new(2018, 5, 1), FreezesOn = new(2018, 6, 18) };
        var drenthe = new Organization { Name = "Provincie Drenthe", Type = OrganizationType.Province, RegionId = _noordRegion };
        var groningen = new Organization { Name = "Noordelijke Installatie BV", Type = OrganizationType.Business, RegionId = _noordRegion, KvkNumber = "01234567" };
        var limburg = new Organization { Name = "Techniekcollege Limburg", Type = OrganizationType.EducationInstitution, RegionId = _zuidRegion };
        db.AddRange(cycle, drenthe, groningen, limburg);
        await db.SaveChangesAsync();
        _drenthe = drenthe.Id;
        _groningenBv = groningen.Id;
        _limburgSchool = limburg.Id;

        Commitment New(Organization org, string title, CommitmentStatus status) => new()
        {
            Organization = org,
            ReportingCycle = cycle,
            Title = title,
            Status = status,
            Indicators = [new Indicator { Name = "stageplaatsen techniek", Unit = "aantal", Baseline = 0, Target = 120 }],
        };
        var draft = New(drenthe, "Concept Drenthe", CommitmentStatus.Draft);
        var approved = New(drenthe, "3/4 van de scholen", CommitmentStatus.Approved);
        var limburgApproved = New(limburg, "Limburgse leerwerkplaatsen", CommitmentStatus.Approved);
        var shared = New(drenthe, "Samen met Groningen", CommitmentStatus.Submitted);
        shared.CoPartners.Add(new CommitmentCoPartner { Organization = groningen });
        db.AddRange(draft, approved, limburgApproved, shared);
        await db.SaveChangesAsync();
        (_drentheDraft, _drentheApproved, _limburgApproved, _sharedWithGroningen) = (draft.Id, approved.Id, limburgApproved.Id, shared.Id);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_partner_sees_its_own_commitments_and_those_it_is_co_partner_on()
    {
        await using var drenthe = _database.CreateContext(DataScope.ForOrganization(_drenthe, "test"));
        Assert.Equal(
            new[] { _drentheDraft, _drentheApproved, _sharedWithGroningen }.Order(),
            (await drenthe.Commitments.Select(c => c.Id).ToListAsync()).Order());

        await using var groningen = _database.CreateContext(DataScope.ForOrganization(_groningenBv, "test"));
        Assert.Equal([_sharedWithGroningen], await groningen.Commitments.Select(c => c.Id).ToListAsync());
        Assert.Single(await groningen.Indicators.ToListAsync());
    }

    [Fact]
    public async Task A_co_partner_reads_a_draft_it_is_named_on_but_no_other_draft_of_the_lead()
    {
        await using (var admin = _database.CreateContext(DataScope.Everything("test")))
        {
            var shared = await admin.Commitments.SingleAsync(c => c.Id == _sharedWithGroningen);
            shared.Status = CommitmentStatus.Draft;
            await admin.SaveChangesAsync();
        }
        await using var groningen = _database.CreateContext(DataScope.ForOrganization(_groningenBv, "test"));
        Assert.Equal([_sharedWithGroningen], await groningen.Commitments.Select(c => c.Id).ToListAsync());
        Assert.Single(await groningen.Indicators.ToListAsync());
        Assert.DoesNotContain(_drentheDraft, await groningen.Commitments.Select(c => c.Id).ToListAsync());
    }

    [Fact]
    public async Task A_regional_lead_sees_only_its_region_and_no_scope_sees_nothing()
    {
        await using var zuid = _database.CreateContext(DataScope.ForRegion(_zuidRegion, "test"));
        Assert.Equal([_limburgApproved], await zuid.Commitments.Select(c => c.Id).ToListAsync());

        await using var nobody = _database.CreateContext(DataScope.None);
        Assert.Empty(await nobody.Commitments.ToListAsync());
        Assert.Empty(await nobody.Indicators.ToListAsync());
    }

    [Fact]
    public async Task Writes_outside_the_scope_are_refused_and_nothing_is_saved()
    {
        await using (var limburg = _database.CreateContext(DataScope.ForOrganization(_limburgSchool, "test")))
        {
            // Even with the row in hand (attached by id, as a forged form post would), the save is refused.
            var forged = new Commitment { Id = _drentheApproved, OrganizationId = _drenthe, ReportingCycleId = 1, Title = "gekaapt" };
            limburg.Attach(forged).Property(c => c.Title).IsModified = true;
            await Assert.ThrowsAsync<DataScopeViolationException>(() => limburg.SaveChangesAsync());
        }
        await using (var limburg = _database.CreateContext(DataScope.ForOrganization(_limburgSchool, "test")))
        {
            limburg.Indicators.Add(new Indicator { CommitmentId = _drentheApproved, Name = "x", Unit = "aantal" });
            await Assert.ThrowsAsync<DataScopeViolationException>(() => limburg.SaveChangesAsync());
        }
        await using (var ministry = _database.CreateContext(DataScope.NationalReadOnly("test")))
        {
            var c = await ministry.Commitments.SingleAsync(c => c.Id == _limburgApproved);
            c.Title = "veranderd";
            await Assert.ThrowsAsync<DataScopeViolationException>(() => ministry.SaveChangesAsync());
        }
        await using (var noord = _database.CreateContext(DataScope.ForRegion(_noordRegion, "test")))
        {
            var forged = new Commitment { Id = _limburgApproved, OrganizationId = _limburgSchool, ReportingCycleId = 1, Title = "x" };
            noord.Attach(forged).Property(c => c.Status).IsModified = true;
            await Assert.ThrowsAsync<DataScopeViolationException>(() => noord.SaveChangesAsync());
        }

        await using var check = _database.CreateContext(DataScope.Everything("test"));
        Assert.Equal("3/4 van de scholen", (await check.Commitments.SingleAsync(c => c.Id == _drentheApproved)).Title);
        Assert.Equal("Limburgse leerwerkplaatsen", (await check.Commitments.SingleAsync(c => c.Id == _limburgApproved)).Title);
        Assert.Equal(4, await check.Indicators.CountAsync());
    }

    [Fact]
    public async Task A_partner_can_change_its_own_commitment_but_not_move_it_to_another_organisation()
    {
        await using (var drenthe = _database.CreateContext(DataScope.ForOrganization(_drenthe, "test")))
        {
            var c = await drenthe.Commitments.SingleAsync(c => c.Id == _drentheDraft);
            c.Title = "Concept Drenthe, herzien";
            c.Indicators.Add(new Indicator { Name = "leerlingen", Unit = "aantal", Baseline = 10, Target = 50 });
            await drenthe.SaveChangesAsync();

            c.OrganizationId = _limburgSchool;
            await Assert.ThrowsAsync<DataScopeViolationException>(() => drenthe.SaveChangesAsync());
        }
        await using var check = _database.CreateContext(DataScope.Everything("test"));
        var saved = await check.Commitments.Include(c => c.Indicators).SingleAsync(c => c.Id == _drentheDraft);
        Assert.Equal("Concept Drenthe, herzien", saved.Title);
        Assert.Equal(_drenthe, saved.OrganizationId);
        Assert.Equal(2, saved.Indicators.Count);
    }

    [Fact]
    public async Task The_history_is_append_only()
    {
        await using var admin = _database.CreateContext(DataScope.Everything("test"));
        admin.AuditEntries.Add(new AuditEntry { Action = "commitment.created", EntityType = "Commitment", EntityId = "1" });
        await admin.SaveChangesAsync();
        var entry = await admin.AuditEntries.SingleAsync();
        entry.Action = "rewritten";
        await Assert.ThrowsAsync<DataScopeViolationException>(() => admin.SaveChangesAsync());
    }
}
