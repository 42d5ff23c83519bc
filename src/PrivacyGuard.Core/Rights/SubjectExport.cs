using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivacyGuard.Rights;

/// <summary>
/// All personal data of one subject, in the portable JSON format <c>privacyguard-export/1</c> (described in
/// <c>docs/subject-rights.md</c>). Serialize with <see cref="ToJson"/> or plain <see cref="JsonSerializer"/>.
/// </summary>
public sealed class SubjectExport
{
    /// <summary>The format identifier of this version.</summary>
    public const string CurrentFormat = "privacyguard-export/1";

    /// <summary>Always <see cref="CurrentFormat"/> for exports made by this version.</summary>
    [JsonPropertyName("format")]
    public string Format { get; init; } = CurrentFormat;

    /// <summary>The data subject id.</summary>
    [JsonPropertyName("subject")]
    public required string Subject { get; init; }

    /// <summary>When the export was made (UTC).</summary>
    [JsonPropertyName("exportedAt")]
    public DateTimeOffset ExportedAt { get; init; }

    /// <summary>True when the subject was erased (its key shredded): encrypted values are gone.</summary>
    [JsonPropertyName("erased")]
    public bool Erased { get; init; }

    /// <summary>True when processing of the subject's data is restricted (Art. 18).</summary>
    [JsonPropertyName("restricted")]
    public bool Restricted { get; init; }

    /// <summary>The well-known purposes the subject objected to (Art. 21).</summary>
    [JsonPropertyName("objections")]
    public IReadOnlyList<string> Objections { get; init; } = [];

    /// <summary>One entry per stored row of the subject.</summary>
    [JsonPropertyName("records")]
    public IReadOnlyList<ExportRecord> Records { get; init; } = [];

    /// <summary>The export as JSON.</summary>
    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, indented ? SubjectExportJson.Indented.SubjectExport : SubjectExportJson.Default.SubjectExport);

    /// <summary>Reads an export written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not an export.</exception>
    public static SubjectExport FromJson(string json) =>
        JsonSerializer.Deserialize(json, SubjectExportJson.Default.SubjectExport) ?? throw new JsonException("The export is null.");
}

/// <summary>One stored row of the subject.</summary>
public sealed class ExportRecord
{
    /// <summary>The entity type's CLR name, e.g. <c>Account</c>.</summary>
    [JsonPropertyName("entity")]
    public required string Entity { get; init; }

    /// <summary>
    /// For a row without a data subject id of its own, reached from one of the subject's rows through navigations to
    /// dependents: the path it was reached by, e.g. <c>Customer.Orders</c> or <c>Customer.Orders.Lines</c>. Null (and
    /// left out of the JSON) for a row found by its own subject id.
    /// </summary>
    [JsonPropertyName("via")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Via { get; init; }

    /// <summary>The primary key, property name to invariant text.</summary>
    [JsonPropertyName("key")]
    public IReadOnlyDictionary<string, string?> Key { get; init; } = new Dictionary<string, string?>();

    /// <summary>The personal-data properties of the row.</summary>
    [JsonPropertyName("fields")]
    public IReadOnlyList<ExportField> Fields { get; init; } = [];
}

/// <summary>One personal-data property of a row.</summary>
public sealed class ExportField
{
    /// <summary>The property name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The category of personal data.</summary>
    [JsonPropertyName("category")]
    [JsonConverter(typeof(JsonStringEnumConverter<PersonalDataCategory>))]
    public PersonalDataCategory Category { get; init; }

    /// <summary>How the value is stored.</summary>
    [JsonPropertyName("treatment")]
    [JsonConverter(typeof(JsonStringEnumConverter<Treatment>))]
    public Treatment Treatment { get; init; }

    /// <summary>The value: plaintext, the stored token, or null; binary values as base64.</summary>
    [JsonPropertyName("value")]
    public string? Value { get; init; }

    /// <summary>What <see cref="Value"/> is.</summary>
    [JsonPropertyName("state")]
    [JsonConverter(typeof(JsonStringEnumConverter<ExportFieldState>))]
    public ExportFieldState State { get; init; }
}

/// <summary>What an exported value is.</summary>
public enum ExportFieldState
{
    /// <summary>The original value (decrypted, or stored in clear), or null when none was stored.</summary>
    [JsonStringEnumMemberName("plaintext")]
    Plaintext = 0,

    /// <summary>A one-way token (or truncated address): the original is not stored and cannot be recovered.</summary>
    [JsonStringEnumMemberName("pseudonymized")]
    Pseudonymized = 1,

    /// <summary>The value was encrypted under a shredded key: it is gone; <see cref="ExportField.Value"/> is null.</summary>
    [JsonStringEnumMemberName("erased")]
    Erased = 2,
}

[JsonSerializable(typeof(SubjectExport))]
internal sealed partial class SubjectExportJson : JsonSerializerContext
{
    private static SubjectExportJson? _indented;

    public static SubjectExportJson Indented => _indented ??= new SubjectExportJson(new JsonSerializerOptions { WriteIndented = true });
}
