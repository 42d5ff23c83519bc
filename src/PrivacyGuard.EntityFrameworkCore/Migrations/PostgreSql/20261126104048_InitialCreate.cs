using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PrivacyGuard.EntityFrameworkCore.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: Schema);

            migrationBuilder.CreateTable(
                name: "access_events",
                schema: Schema,
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    timestamp = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    purpose = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    subject_token = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    categories = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    operation = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    client_address = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    previous_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "objections",
                schema: Schema,
                columns: table => new
                {
                    subject_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    purpose = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    objected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_objections", x => new { x.subject_id, x.purpose });
                });

            migrationBuilder.CreateTable(
                name: "restrictions",
                schema: Schema,
                columns: table => new
                {
                    subject_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    restricted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_restrictions", x => x.subject_id);
                });

            migrationBuilder.CreateTable(
                name: "subject_keys",
                schema: Schema,
                columns: table => new
                {
                    subject_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    data_key_id = table.Column<long>(type: "bigint", nullable: false),
                    kek_id = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    wrapped_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subject_keys", x => x.subject_id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_access_events_sequence",
                schema: Schema,
                table: "access_events",
                column: "sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_access_events_subject_token",
                schema: Schema,
                table: "access_events",
                column: "subject_token");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_events",
                schema: Schema);

            migrationBuilder.DropTable(
                name: "objections",
                schema: Schema);

            migrationBuilder.DropTable(
                name: "restrictions",
                schema: Schema);

            migrationBuilder.DropTable(
                name: "subject_keys",
                schema: Schema);
        }
    }
}
